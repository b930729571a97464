"""Views: one module per dataset family; each returns the Tables (schema + frame) it contributes."""
