"""`python -m pipeline.rules`: print the rule table for docs/input-format.md."""

from .docs import BEGIN, END, rules_markdown

print(BEGIN, rules_markdown(), END, sep="\n")
