"""Transactional outbox: e-mail is queued in the transaction of its cause and sent later."""
