"""Room `access`: who may see which number.

`privacy` is the protection layer of data contract section 4 (every figure a protected role or an
export sees passes through it); `scope` says what a signed-in user may see; `auth` signs users in
(demo, local passwords, OIDC); `audit` keeps the append-only audit log.
"""
