"""TokenVerifier and the web framework glue (fastcognito.integrations), the example apps and the tour."""
