"""GET /work: the simulated work of demos/simulated-work.ts, on a sync worker, one at a time."""

import random
import time

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from . import simulated_work

# Seeded from the OS in each worker: the module is imported after the fork.
_rng = random.Random()


@require_GET
def work(request):
    time.sleep(simulated_work.sample_latency_ms(_rng) / 1000)
    status = simulated_work.decide_status(_rng)
    body = "ok\n" if status == 200 else "simulated failure\n"
    return HttpResponse(body, status=status, content_type="text/plain; charset=utf-8")
