from onderstroom.testing.matrix import Rule, for_school_admin

RULES = {
    # The log of the admin's own school: the outsider sees their own school's log.
    "audit:log": Rule(expect=for_school_admin()),
    "audit:check": Rule(method="post", expect=for_school_admin(302)),
}
