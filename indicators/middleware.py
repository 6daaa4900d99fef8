"""Cards made stale by a request's writes are rendered after its response is sent (indicators/cards.py)."""

from functools import partial

from indicators import cards

__all__ = ["CardsAfterResponse"]


class CardsAfterResponse:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with cards.after_response() as pending:
            response = self.get_response(request)
        if pending:
            # Run by the server once the body is sent (HttpResponse.close()), before the connections are released.
            response._resource_closers.append(partial(cards.render_after, frozenset(pending)))
        return response
