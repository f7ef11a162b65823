"""The catalog of procedures and services (trámites y servicios) and who provides them."""
