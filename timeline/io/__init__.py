"""Files in and out: JSON Lines."""
