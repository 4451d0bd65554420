import unittest

from scrape_lab_django.worker_identity import lowest_free_slot


class LowestFreeSlotTest(unittest.TestCase):
    def test_cases(self):
        cases = (([], 1), ([1, 2, 3], 4), ([2, 3], 1), ([1, 3], 2), ([0, 1], 2), (iter([1]), 2))
        for taken, want in cases:
            with self.subTest(taken=taken):
                self.assertEqual(lowest_free_slot(taken), want)


if __name__ == "__main__":
    unittest.main()
