from onderstroom.testing.matrix import STAFF, P, Rule, expect, for_any_staff, for_school_admin

RULES = {
    # Anonymous visitors and children see the form; signed-in staff are sent on to their home page.
    "accounts:login": Rule(expect={**dict.fromkeys(STAFF, 302), P.CHILD: 200, P.ANONYMOUS: 200}),
    # The code step without a password step first: back to the start, for everybody.
    "accounts:login_code": Rule(expect={**dict.fromkeys(STAFF, 302), P.CHILD: 302, P.ANONYMOUS: 302}),
    "accounts:logout": Rule(
        method="post", expect={**dict.fromkeys(STAFF, 302), P.CHILD: 302, P.ANONYMOUS: 302}
    ),
    "accounts:settings": Rule(expect=for_any_staff()),
    "accounts:password": Rule(expect=for_any_staff()),
    "accounts:totp_setup": Rule(expect=for_any_staff()),
    # Nothing posted: the account page again, with a message, and nothing changed.
    "accounts:totp_disable": Rule(method="post", expect=for_any_staff(302)),
    "accounts:sign_out_everywhere": Rule(method="post", expect=for_any_staff(302)),
    # One's own photo only: nothing posted is a message on the account page; nobody of the world has a
    # photo, so the photo itself is "not found" (test_own_photo.py uploads and serves one).
    "accounts:photo_upload": Rule(method="post", expect=for_any_staff(302)),
    "accounts:photo_remove": Rule(method="post", expect=for_any_staff(302)),
    "accounts:photo": Rule(expect={**for_any_staff(404), P.CHILD: 404, P.ANONYMOUS: 404}),
    # Only the admin of a school where the colleague works; the admin of another school learns nothing.
    "accounts:admin_reset_password": Rule(
        method="post", kwargs=lambda w: {"uuid": w.teacher.uuid}, expect=expect({P.ADMIN: 200})
    ),
    # A made-up token opens nothing, for anybody: only the link mailed to the owner works.
    "accounts:reset_confirm": Rule(
        kwargs=lambda w: {"uuid": w.teacher.uuid, "token": "abc-123"},
        expect={**for_any_staff(404), P.CHILD: 404, P.ANONYMOUS: 404},
    ),
    # The school admin's page for the school's own accounts; the outsider, admin of another school,
    # sees their own school's (test_school_accounts.py checks what each sees).
    "accounts:school_sign_in": Rule(expect=for_school_admin()),
    # No school of the world offers its own accounts here: "not found"; staff are signed in already.
    "accounts:oidc_start": Rule(
        kwargs=lambda w: {"school": w.school.uuid},
        expect={**dict.fromkeys(STAFF, 302), P.CHILD: 404, P.ANONYMOUS: 404},
    ),
    # No sign-in under way: back to the sign-in page, for everybody, and nobody is signed in or out.
    "accounts:oidc_callback": Rule(expect={**dict.fromkeys(STAFF, 302), P.CHILD: 302, P.ANONYMOUS: 302}),
}
