"""Demo corpus generator and imitation Meetings Plus portal (loopback only)."""
