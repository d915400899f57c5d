from services.webhooks.app import create_app
from services.webhooks.settings import WebhooksSettings
from shared.runner import serve

serve("webhooks", WebhooksSettings(), create_app)
