export DATABASE_URL=postgres://postgres@127.0.0.1:5432/jornada_multiday
export REDIS_URL=redis://127.0.0.1:6380/8  CELERY_BROKER_URL=redis://127.0.0.1:6380/9
export CI=true NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
