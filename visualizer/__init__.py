"""The dashboard: pages and the websocket that streams a cluster's hops to the browser."""
