"""Where admin calls get their AWS credentials: profiles of every kind, AWS_PROFILE, profile_name=."""
