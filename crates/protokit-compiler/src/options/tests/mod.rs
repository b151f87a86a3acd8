mod differential;
mod pipeline;
mod text;
mod unit;
