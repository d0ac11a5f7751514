import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tocds.settings")
application = get_wsgi_application()
# Everything loaded so far lives as long as the worker: keep it out of the garbage collector's
# full passes, which otherwise walk the whole of Django on a busy worker (tens of ms each).
gc.freeze()
