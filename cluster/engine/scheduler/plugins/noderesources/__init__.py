"""NodeResourcesFit and NodeResourcesBalancedAllocation, and the scoring strategies they share."""
