"""Room `admin`: running an installation.

`uploads` receives files from the Data page safely (limits, traversal, archives); `versions` keeps
published databases, publishes and rolls back. Beside `present`: it may use every room below it.
"""
