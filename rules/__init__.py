"""Classifier rules as data (TOML), shipped as the package `codeburn.rules`."""
