// Store contract tests follow.
