// Server tests follow.
