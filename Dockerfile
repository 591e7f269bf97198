FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_ENV=production
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY config centers workers dispatch sms reports ./
COPY . .
RUN pip install --no-cache-dir . \
 && SECRET_KEY=build DATABASE_URL=sqlite:////tmp/build.db ALLOWED_HOSTS=build CELERY_BROKER_URL=memory:// \
    python manage.py collectstatic --noinput \
 && SECRET_KEY=build DATABASE_URL=sqlite:////tmp/build.db ALLOWED_HOSTS=build CELERY_BROKER_URL=memory:// \
    python manage.py compilemessages -l es
RUN useradd --create-home jornada
USER jornada
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
