# Production-like image: gunicorn serves the app, whitenoise the static files.
FROM python:3.11-slim AS base
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
# collectstatic needs settings but no secrets of value: give it throwaway ones at build time only.
RUN SECRET_KEY=build-only DATABASE_URL=postgres://build@localhost/build ALLOWED_HOSTS=localhost \
    DJANGO_SETTINGS_MODULE=mkviolence.settings.production \
    python manage.py collectstatic --noinput
RUN useradd --create-home --uid 1000 mkviolence && mkdir -p /app/var && chown -R mkviolence /app/var
USER mkviolence
ENV DJANGO_SETTINGS_MODULE=mkviolence.settings.production
EXPOSE 8000
CMD ["gunicorn", "mkviolence.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
