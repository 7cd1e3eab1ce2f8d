import { describe, expect, it } from '@jest/globals';
import { iinCheckDigit, iinProblem, isValidIin, maskIin, withCheckDigit } from '../../src/domain/iin.js';

describe('IIN', () => {
  it('computes the check digit with the first weight row', () => {
    // 1*8+2*7+3*0+4*4+5*1+6*2+7*3+8*0+9*0+10*1+11*2 = 108; 108 mod 11 = 9
    expect(iinCheckDigit('87041230012')).toBe(9);
    expect(isValidIin('870412300129')).toBe(true);
  });

  it('falls back to the second weight row when the first gives 10', () => {
    const first11 = '00010100005';
    // first row: 1*0+2*0+3*0+4*1+5*0+6*1+7*0+8*0+9*0+10*0+11*5 = 65; 65 mod 11 = 10
    // second row: 3*0+4*0+5*0+6*1+7*0+8*1+9*0+10*0+11*0+1*0+2*5 = 24; 24 mod 11 = 2
    expect(iinCheckDigit(first11)).toBe(2);
  });

  it('names what is wrong', () => {
    expect(iinProblem('87041230012')).toBe('format');
    expect(iinProblem('87041230012a')).toBe('format');
    expect(iinProblem('871312300129')).toBe('birth-date');
    expect(iinProblem('870412300128')).toBe('check-digit');
    expect(iinProblem('870412300129')).toBeNull();
  });

  it('makes valid numbers and masks them for logs', () => {
    // 9·1+5·2+0·3+1·4+0·5+2·6+5·7+0·8+0·9+3·10+3·11 = 133; 133 mod 11 = 1
    expect(withCheckDigit('95010250033')).toBe('950102500331');
    expect(isValidIin(withCheckDigit('95010250033')!)).toBe(true);
    // Both weight rows give 10: no check digit exists, and such a number is never issued.
    expect(withCheckDigit('87041200281')).toBeNull();
    expect(maskIin('870412300129')).toBe('********0129');
  });
});
