"""Kernel. Staff accounts: sign-in, lockout, two-step sign-in (TOTP), session limits, passwords."""
