import unittest

from scrape_lab_django.config import ConfigError, load_config


class LoadConfigTest(unittest.TestCase):
    def test_defaults(self):
        cfg = load_config({"DJANGO_DEMO_MODE": "direct"})
        self.assertEqual((cfg.host, cfg.port, cfg.workers), ("127.0.0.1", 8084, 4))
        self.assertEqual(cfg.max_requests, 0)
        self.assertEqual((cfg.events_fd, cfg.multiproc_dir, cfg.allowed_hosts), (None, None, ()))
        self.assertEqual((cfg.bridge_host, cfg.bridge_port), ("127.0.0.1", 9125))

    def test_reads_every_variable(self):
        cfg = load_config(
            {
                "DJANGO_DEMO_MODE": "multiprocess",
                "DJANGO_DEMO_HOST": "0.0.0.0",
                "DJANGO_DEMO_PORT": "33001",
                "DJANGO_DEMO_WORKERS": "16",
                "DJANGO_DEMO_MAX_REQUESTS": "50",
                "DJANGO_DEMO_ALLOWED_HOSTS": "django-app, lab ,",
                "DJANGO_DEMO_EVENTS_FD": "3",
                "PROMETHEUS_MULTIPROC_DIR": "/tmp/mp",
            }
        )
        self.assertEqual(cfg.mode, "multiprocess")
        self.assertEqual((cfg.host, cfg.port, cfg.workers), ("0.0.0.0", 33001, 16))
        self.assertEqual((cfg.max_requests, cfg.events_fd, cfg.multiproc_dir), (50, 3, "/tmp/mp"))
        self.assertEqual(cfg.allowed_hosts, ("django-app", "lab"))

    def test_empty_means_unset(self):
        cfg = load_config({"DJANGO_DEMO_MODE": "statsd", "DJANGO_DEMO_PORT": ""})
        self.assertEqual(cfg.port, 8084)

    def test_errors_name_every_bad_variable(self):
        modes = "direct, multiprocess, statsd"
        cases = [
            ({}, [f"DJANGO_DEMO_MODE: required, one of {modes}"]),
            (
                {"DJANGO_DEMO_MODE": "shared"},
                [f"DJANGO_DEMO_MODE: unknown mode 'shared', expected one of {modes}"],
            ),
            (
                {
                    "DJANGO_DEMO_MODE": "direct",
                    "DJANGO_DEMO_PORT": "http",
                    "DJANGO_DEMO_WORKERS": "0",
                },
                [
                    "DJANGO_DEMO_PORT: must be a whole number from 1 to 65535, got 'http'",
                    "DJANGO_DEMO_WORKERS: must be a whole number from 1 to 16, got '0'",
                ],
            ),
            (
                {"DJANGO_DEMO_MODE": "multiprocess"},
                [
                    "PROMETHEUS_MULTIPROC_DIR: required in multiprocess mode"
                    " (a folder for the mmap files)"
                ],
            ),
            (
                {"DJANGO_DEMO_MODE": "direct", "PROMETHEUS_MULTIPROC_DIR": "/tmp/mp"},
                ["PROMETHEUS_MULTIPROC_DIR: must be unset in direct mode"],
            ),
            (
                {"DJANGO_DEMO_MODE": "statsd", "prometheus_multiproc_dir": "/tmp/mp"},
                ["prometheus_multiproc_dir: the lowercase spelling is deprecated; unset it"],
            ),
            (
                {"DJANGO_DEMO_MODE": "direct", "DJANGO_DEMO_EVENTS_FD": "1"},
                ["DJANGO_DEMO_EVENTS_FD: must be a whole number from 3 to 1023, got '1'"],
            ),
        ]
        for env, lines in cases:
            with self.subTest(env=env):
                with self.assertRaises(ConfigError) as raised:
                    load_config(env)
                want = "invalid environment:\n" + "\n".join(f"  {line}" for line in lines)
                self.assertEqual(str(raised.exception), want)


if __name__ == "__main__":
    unittest.main()
