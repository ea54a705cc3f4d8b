"""Business logic: plain functions with explicit arguments that own their commits."""
