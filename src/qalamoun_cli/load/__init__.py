"""Readers that turn YAML files into checked records, with file:line:column problems."""
