"""The strict emulator (fastcognito.testing): its pytest plugin, its control helpers, and its one door to moto."""
