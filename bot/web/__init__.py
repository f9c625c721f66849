"""Waypoint's web pages: the chat page, the programme managers' dashboard and the founders' reports.

    from bot.web import create_app
    app = create_app(store, framework, load_web_settings())
"""
from bot.web.app import create_app
from bot.web.settings import WebSettings, load_web_settings

__all__ = ["WebSettings", "create_app", "load_web_settings"]
