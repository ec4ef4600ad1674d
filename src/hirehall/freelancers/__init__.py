"""AI trainers (freelancers): public, masked profiles."""
