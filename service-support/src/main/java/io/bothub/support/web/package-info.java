@NullMarked
package io.bothub.support.web;

import org.jspecify.annotations.NullMarked;
