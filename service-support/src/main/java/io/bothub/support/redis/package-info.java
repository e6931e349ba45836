@NullMarked
package io.bothub.support.redis;

import org.jspecify.annotations.NullMarked;
