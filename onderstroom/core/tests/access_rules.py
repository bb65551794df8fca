from onderstroom.testing.matrix import P, Rule, for_everybody

RULES = {
    # The start page sends each visitor where they belong.
    "core:home": Rule(expect={**for_everybody(200), P.CHILD: 302, P.ANONYMOUS: 302}),
    "core:healthz": Rule(expect=for_everybody(200)),
    "core:favicon": Rule(expect=for_everybody(301)),
    "set_language": Rule(
        method="post", data=lambda w: {"language": "en", "next": "/"}, expect=for_everybody(302)
    ),
}
