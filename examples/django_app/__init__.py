"""A minimal Django REST framework project whose API needs a Cognito access token
(fastcognito.integrations.django.CognitoAuthentication). See manage.py for how to run it."""
