// The `sentiment` npm package (AFINN-165 word list) ships no types; the benchmark's reference uses only this.
declare module 'sentiment' {
  interface AnalysisResult {
    score: number;
    comparative: number;
    tokens: string[];
    positive: string[];
    negative: string[];
  }
  class Sentiment {
    analyze(phrase: string): AnalysisResult;
  }
  export = Sentiment;
}
