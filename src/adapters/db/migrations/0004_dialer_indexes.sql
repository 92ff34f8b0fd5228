-- Indexes for the dialer's hot queries: candidate selection (last attempt per account, least-tried phone,
-- attempts per campaign) and contact history for the frequency caps.
CREATE INDEX attempts_phone_idx ON attempts (phone_id);
CREATE INDEX attempts_account_campaign_idx ON attempts (account_id, campaign_id);
CREATE INDEX debts_account_open_idx ON debts (account_id) WHERE status = 'open';
CREATE INDEX debts_priority_idx ON debts (days_past_due DESC, balance_minor DESC) WHERE status = 'open';
CREATE INDEX phones_account_idx ON phones (account_id) WHERE status = 'ok';
