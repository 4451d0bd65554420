import os
import tempfile
import unittest

from scrape_lab_django import multiproc_dir


class MultiprocDirTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.tmp.name, "mp")

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, name, size):
        with open(os.path.join(self.path, name), "wb") as f:
            f.write(b"\0" * size)

    def test_wipe_creates_a_missing_folder(self):
        self.assertEqual(multiproc_dir.wipe(self.path), 0)
        self.assertTrue(os.path.isdir(self.path))

    def test_wipe_deletes_only_db_files(self):
        os.makedirs(self.path)
        self.write("counter_12.db", 10)
        self.write("gauge_livesum_12.db", 10)
        self.write("notes.txt", 3)
        os.mkdir(os.path.join(self.path, "old.db"))
        self.assertEqual(multiproc_dir.wipe(self.path), 2)
        self.assertEqual(sorted(os.listdir(self.path)), ["notes.txt", "old.db"])

    def test_usage_counts_db_files_and_their_bytes(self):
        os.makedirs(self.path)
        self.assertEqual(multiproc_dir.usage(self.path), (0, 0))
        self.write("counter_12.db", 65536)
        self.write("histogram_12.db", 1000)
        self.write("notes.txt", 3)
        self.assertEqual(multiproc_dir.usage(self.path), (2, 66536))


if __name__ == "__main__":
    unittest.main()
