"""Names of the jobs that can be queued, and the functions that do them."""
_handlers = {}


_opnieuw = {}


def job(name, opnieuw=()):
    """Register ``func(job)`` as the handler of the job ``name``. It must be safe to run twice.

    ``opnieuw``: the waits (seconds) before each new attempt after the handler raised (an e-mail when the mail server
    is away, say); after the last the job fails. Without it a job that raised fails at once."""

    def decorator(func):
        if name in _handlers and _handlers[name] is not func:
            raise ValueError(f"Job {name!r} is registered twice.")
        _handlers[name] = func
        _opnieuw[name] = tuple(opnieuw)
        return func

    return decorator


def retry_delays(name):
    return _opnieuw.get(name, ())


def handler_for(name):
    try:
        return _handlers[name]
    except KeyError:
        raise LookupError(f"No job is registered under {name!r}.") from None


def registered():
    return sorted(_handlers)
