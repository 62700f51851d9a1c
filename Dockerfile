# Image for web, worker and beat. WeasyPrint needs Pango and HarfBuzz from the system.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=mensenhandel.settings.production

RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libjpeg62-turbo libopenjp2-7 \
      libffi8 fonts-noto-core fonts-noto-mono shared-mime-info gettext postgresql-client \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml constraints.txt ./
RUN pip install --no-cache-dir -c constraints.txt .

COPY . .
# Collecting static files needs settings but no secrets: a build-only key and host.
RUN SECRET_KEY=build-only-$(head -c 48 /dev/urandom | base64 | tr -d '/+=') ALLOWED_HOSTS=build.invalid \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    python manage.py collectstatic --noinput --ignore README.md --ignore "*.sh" \
 && python manage.py compile_translations --settings=mensenhandel.settings.dev \
 && useradd --system --uid 10001 --home /app app \
 && mkdir -p /var/lib/mensenhandel/protected && chown -R app /var/lib/mensenhandel

USER app
EXPOSE 8000
# gunicorn believes X-Forwarded-Proto only from FORWARDED_ALLOW_IPS (the environment; 127.0.0.1 when unset).
CMD ["gunicorn", "mensenhandel.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
