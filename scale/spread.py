"""Uneven but exact: split a total over weights so the parts add up to it."""

import random


def spread(total: int, weights: list[float]) -> list[int]:
    """Largest-remainder split of total in proportion to weights (all zero weights: all zeros)."""
    whole = sum(weights)
    if whole <= 0:
        return [0] * len(weights)
    shares = [total * w / whole for w in weights]
    parts = [int(s) for s in shares]
    by_remainder = sorted(range(len(weights)), key=lambda i: shares[i] - parts[i], reverse=True)
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


def skewed_counts(total: int, slots: int, rng: random.Random, skew: float = 1.6) -> list[int]:
    """total items dropped into slots, the first slots far more often (a walk list's early doors)."""
    counts = [0] * slots
    if slots:
        draw = rng.random
        for _ in range(total):
            counts[int(slots * draw() ** skew)] += 1
    return counts
