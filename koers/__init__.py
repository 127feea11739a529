"""Koers: the development conversation and the personal development plan (POP)."""
