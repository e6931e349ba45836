@NullMarked
package io.bothub.support.outbox;

import org.jspecify.annotations.NullMarked;
