-- The seed's clients name a model's provider (model_usage) and its answer time in seconds
-- (chat_message, model_usage): the daily usage rollup keeps the last provider named and the sum
-- and number of answer times, so behaviour analysis reports both per model.
ALTER TABLE user_usage_daily
    ADD COLUMN provider         varchar(50),
    ADD COLUMN responses        bigint           NOT NULL DEFAULT 0,
    ADD COLUMN response_seconds double precision NOT NULL DEFAULT 0;
