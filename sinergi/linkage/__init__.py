"""Record linkage: finding one person across DTKS, PKH, BPNT, PBI-JK and village BLT lists."""
