"""Pages of the periodic evaluation, the peer form, HR's period pages and the public verification page."""

urlpatterns: list = []
