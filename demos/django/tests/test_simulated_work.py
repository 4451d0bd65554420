import math
import random
import statistics
import unittest

from scrape_lab_django.simulated_work import decide_status, sample_latency_ms


class SimulatedWorkTest(unittest.TestCase):
    def test_latency_is_log_normal_around_the_median(self):
        rng = random.Random(7)
        samples = [sample_latency_ms(rng) for _ in range(20_000)]
        logs = [math.log(s) for s in samples]
        # ln(latency) ~ N(ln 20, 0.6): its mean and spread, within sampling error of 20,000 draws.
        self.assertAlmostEqual(statistics.fmean(logs), math.log(20), delta=0.02)
        self.assertAlmostEqual(statistics.pstdev(logs), 0.6, delta=0.02)
        self.assertTrue(all(s > 0 for s in samples))

    def test_median_and_sigma_are_options(self):
        rng = random.Random(1)
        for sample in (sample_latency_ms(rng, median_ms=100, sigma=0) for _ in range(10)):
            self.assertAlmostEqual(sample, 100.0, places=9)

    def test_errors_at_the_asked_rate(self):
        for rate, low, high in ((0.02, 0.017, 0.023), (0.0, 0.0, 0.0), (1.0, 1.0, 1.0)):
            with self.subTest(rate=rate):
                rng = random.Random(3)
                statuses = [decide_status(rng, rate) for _ in range(20_000)]
                self.assertLessEqual(set(statuses), {200, 500})
                share = statuses.count(500) / len(statuses)
                self.assertTrue(low <= share <= high, share)


if __name__ == "__main__":
    unittest.main()
