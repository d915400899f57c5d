from services.ingest.app import create_app
from services.ingest.settings import IngestSettings
from shared.runner import serve

serve("ingest", IngestSettings(), create_app)
