"""The fake work behind GET /work, as in demos/simulated-work.ts: pure functions of a random draw.

Request latencies are roughly log-normal in real services: most are fast, a few are very slow.
"""

import math
import random

MEDIAN_MS = 20.0
# Standard deviation of ln(latency); 0.6 puts p99 near 4x the median.
SIGMA = 0.6
ERROR_RATE = 0.02


def sample_latency_ms(
    rng: random.Random, median_ms: float = MEDIAN_MS, sigma: float = SIGMA
) -> float:
    """One log-normal latency sample in milliseconds: exp(N(ln median, sigma))."""
    return rng.lognormvariate(math.log(median_ms), sigma)


def decide_status(rng: random.Random, error_rate: float = ERROR_RATE) -> int:
    """500 for a fraction `error_rate` of draws, else 200."""
    return 500 if rng.random() < error_rate else 200
