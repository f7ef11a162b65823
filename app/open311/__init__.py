"""Open311 GeoReport v2 at ``/open311/v2``: the catalog's services and the feedback items as
service requests, for call centres, kiosks, chat bots and civic-tech apps."""
