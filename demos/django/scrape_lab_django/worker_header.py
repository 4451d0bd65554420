"""Middleware naming the answering worker on every response, like the Node demo's x-worker-id."""

from . import worker_identity


class WorkerHeaderMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        identity = worker_identity.identity()
        if identity is not None:
            response["x-worker-id"] = str(identity.id)
        return response
