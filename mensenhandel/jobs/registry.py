"""Names of the jobs that can be queued, and the functions that do them."""
_handlers = {}


def job(name):
    """Register ``func(job)`` as the handler of the job ``name``. It must be safe to run twice."""

    def decorator(func):
        if name in _handlers and _handlers[name] is not func:
            raise ValueError(f"Job {name!r} is registered twice.")
        _handlers[name] = func
        return func

    return decorator


def handler_for(name):
    try:
        return _handlers[name]
    except KeyError:
        raise LookupError(f"No job is registered under {name!r}.") from None


def registered():
    return sorted(_handlers)
