from services.dedup.app import create_app
from services.dedup.settings import DedupSettings
from shared.runner import serve

serve("dedup", DedupSettings(), create_app)
